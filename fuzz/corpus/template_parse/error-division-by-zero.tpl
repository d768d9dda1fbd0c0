出席率：{{ present / total }}
