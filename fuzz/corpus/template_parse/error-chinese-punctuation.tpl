{{ d | date（"chinese"） }}
