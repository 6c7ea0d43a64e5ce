// What an ESCO import would replace, read before it writes anything (same transaction): per
// kind of concept, how many the graph holds and how many of those the download has again;
// per kind of link, how many the graph holds and how many belong to concepts of the download
// (those are dropped and written again from the download). Every look-up is an index seek or
// a count-store read.
CALL () { MATCH (n:Skill) RETURN count(n) AS skills }
CALL () { MATCH (n:SkillGroup) RETURN count(n) AS skillGroups }
CALL () { MATCH (n:Occupation) RETURN count(n) AS occupations }
CALL () { MATCH (n:IscoGroup) RETURN count(n) AS iscoGroups }
CALL () { UNWIND $skills AS id MATCH (n:Skill {id: id}) RETURN count(n) AS skillsAgain }
CALL () {
  UNWIND $skillGroups AS id
  MATCH (n:SkillGroup {id: id})
  RETURN count(n) AS skillGroupsAgain
}
CALL () {
  UNWIND $occupations AS id
  MATCH (n:Occupation {id: id})
  RETURN count(n) AS occupationsAgain
}
CALL () {
  UNWIND $iscoGroups AS id
  MATCH (n:IscoGroup {id: id})
  RETURN count(n) AS iscoGroupsAgain
}
CALL () {
  CALL () { MATCH (:Skill)-[r:BROADER]->() RETURN count(r) AS n }
  CALL () { MATCH (:SkillGroup)-[r:BROADER]->() RETURN count(r) AS m }
  CALL () { MATCH (:Occupation)-[r:BROADER]->() RETURN count(r) AS o }
  CALL () { MATCH (:IscoGroup)-[r:BROADER]->() RETURN count(r) AS p }
  RETURN n + m + o + p AS broaderLinks
}
CALL () {
  CALL () { UNWIND $skills AS id MATCH (:Skill {id: id})-[r:BROADER]->() RETURN count(r) AS n }
  CALL () {
    UNWIND $skillGroups AS id
    MATCH (:SkillGroup {id: id})-[r:BROADER]->()
    RETURN count(r) AS m
  }
  CALL () {
    UNWIND $occupations AS id
    MATCH (:Occupation {id: id})-[r:BROADER]->()
    RETURN count(r) AS o
  }
  CALL () {
    UNWIND $iscoGroups AS id
    MATCH (:IscoGroup {id: id})-[r:BROADER]->()
    RETURN count(r) AS p
  }
  RETURN n + m + o + p AS broaderLinksReplaced
}
CALL () { MATCH (:Occupation)-[r:NEEDS]->() RETURN count(r) AS occupationSkillLinks }
CALL () {
  UNWIND $occupations AS id
  MATCH (:Occupation {id: id})-[r:NEEDS]->()
  RETURN count(r) AS occupationSkillLinksReplaced
}
CALL () {
  CALL () { MATCH (:Skill)-[r:NEEDS]->() RETURN count(r) AS n }
  CALL () { MATCH (:SkillGroup)-[r:NEEDS]->() RETURN count(r) AS m }
  RETURN n + m AS skillSkillLinks
}
CALL () {
  CALL () { UNWIND $skills AS id MATCH (:Skill {id: id})-[r:NEEDS]->() RETURN count(r) AS n }
  CALL () {
    UNWIND $skillGroups AS id
    MATCH (:SkillGroup {id: id})-[r:NEEDS]->()
    RETURN count(r) AS m
  }
  RETURN n + m AS skillSkillLinksReplaced
}
RETURN skills, skillsAgain, skillGroups, skillGroupsAgain, occupations, occupationsAgain,
       iscoGroups, iscoGroupsAgain, broaderLinks, broaderLinksReplaced, occupationSkillLinks,
       occupationSkillLinksReplaced, skillSkillLinks, skillSkillLinksReplaced
