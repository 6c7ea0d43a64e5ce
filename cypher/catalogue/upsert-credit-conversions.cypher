// The catalogue's declared credit conversions, one per credit system converted from.
UNWIND $rows AS row
MERGE (c:CreditConversion {from: row.from})
SET c = row.props
