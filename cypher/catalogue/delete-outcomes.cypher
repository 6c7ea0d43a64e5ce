// Removes learning outcomes (a draft's removals) with their links to skills.
UNWIND $ids AS id
MATCH (lo:LearningOutcome {id: id})
DETACH DELETE lo
