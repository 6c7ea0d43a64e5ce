// Look-ups the product makes besides by id.
CREATE INDEX credential_kind IF NOT EXISTS FOR (n:Credential) ON (n.kind);
CREATE INDEX credential_provider IF NOT EXISTS FOR (n:Credential) ON (n.provider);
CREATE INDEX credential_eqf IF NOT EXISTS FOR (n:Credential) ON (n.eqfLevel);
CREATE INDEX requirement_owner IF NOT EXISTS FOR (n:Requirement) ON (n.owner);
CREATE INDEX skill_label IF NOT EXISTS FOR (n:Skill) ON (n.label);
CREATE INDEX occupation_label IF NOT EXISTS FOR (n:Occupation) ON (n.label);
// Full-text search over credential titles and ESCO labels, alternative labels included.
CREATE FULLTEXT INDEX credential_text IF NOT EXISTS FOR (n:Credential) ON EACH [n.title, n.description];
CREATE FULLTEXT INDEX skill_text IF NOT EXISTS FOR (n:Skill|SkillGroup|Occupation) ON EACH [n.label, n.altLabelsText];
