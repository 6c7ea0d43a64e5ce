// Creates a learner that must not exist yet: a second creation of the same id fails on the
// learner_id uniqueness constraint, even when both run at the same moment.
CREATE (:Learner {id: $id})
