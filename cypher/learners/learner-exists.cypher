MATCH (l:Learner {id: $id})
RETURN l.id AS id
