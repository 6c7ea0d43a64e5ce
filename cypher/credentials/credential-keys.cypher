// Every credential's id and url: what learner credentials are matched against.
MATCH (c:Credential)
RETURN c.id AS id, c.url AS url
