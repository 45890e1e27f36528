"""Category and severity codes of the seed entries, short so the entries stay readable
(the values are SafeMessagingRule's category and severity choices)."""

C, S, M, SOL, SEN = "criminalising", "stigmatising", "method_detail", "solution", "sensational"
H, MED, L = "high", "medium", "low"
