// Removes a learner and every relationship they have (their holdings): nothing of them stays.
MATCH (l:Learner {id: $id})
DETACH DELETE l
RETURN count(*) AS deleted
