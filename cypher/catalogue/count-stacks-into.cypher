// How many STACKS_INTO links the catalogue has (from the count store).
MATCH ()-[s:STACKS_INTO]->()
RETURN count(s) AS derived
