// Catalogue credentials whose title or description is close to $text (full-text index,
// see migrations/002-indexes.cypher); $text is already stripped of Lucene syntax.
CALL db.index.fulltext.queryNodes('credential_text', $text) YIELD node, score
RETURN node.id AS id, node.title AS title, score
ORDER BY score DESC, id
LIMIT $limit
