// ESCO occupations: properties only; NEEDS and BROADER are written by link-needs and link-broader.
UNWIND $rows AS row
MERGE (o:Occupation {id: row.id})
SET o = row.props
