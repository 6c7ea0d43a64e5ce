// Which of the given credential ids the catalogue does not hold (in the order given).
UNWIND range(0, size($ids) - 1) AS i
WITH i, $ids[i] AS id
WHERE NOT EXISTS { MATCH (:Credential {id: id}) }
RETURN i AS index, id
ORDER BY i
