// Deletes every node and relationship (constraints and indexes stay), in batches. The
// catalogue's metadata node stays: clearDatabase renews its epoch before and after.
MATCH (n) WHERE NOT n:CatalogueMeta
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
