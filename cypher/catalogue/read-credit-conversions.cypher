MATCH (c:CreditConversion)
RETURN c {.*} AS conversion
ORDER BY c.from
