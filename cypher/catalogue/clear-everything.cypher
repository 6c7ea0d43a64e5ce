// Deletes every node and relationship (constraints and indexes stay), in batches.
MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
