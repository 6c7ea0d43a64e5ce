MATCH (c:Credential)
RETURN count(c) AS credentials
