// Names of the indexes that are online; a constraint's backing index has the constraint's name.
SHOW INDEXES YIELD name, state WHERE state = 'ONLINE' RETURN name
