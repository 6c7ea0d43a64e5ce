// read-rules for the rule trees of some credentials only.
UNWIND $ids AS owner
MATCH (r:Requirement {owner: owner})
RETURN r {.*} AS rule,
       [(p:Requirement)-[ch:CHILD]->(r) | {parent: p.id, order: ch.order}][0] AS parent,
       [(r)-[a:ACCEPTS]->(x) | {id: x.id, order: a.order}] AS accepts
ORDER BY r.id
