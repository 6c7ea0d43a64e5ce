// ISCO-08 groups of the ESCO occupation pillar.
CREATE CONSTRAINT isco_group_id IF NOT EXISTS FOR (n:IscoGroup) REQUIRE n.id IS UNIQUE;
CREATE INDEX isco_group_code IF NOT EXISTS FOR (n:IscoGroup) ON (n.code);
