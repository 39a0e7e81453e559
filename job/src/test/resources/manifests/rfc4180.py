# Writes rfc4180.csv (used by HostileInputTest) with Python's csv module, default dialect (RFC 4180
# quoting, \r\n line ends): keys with a line break, a comma, quotes, surrounding spaces, a CRLF, and
# an empty key cell.
import csv

rows = [
    ("line1\nline2", "r/k0.png", "o/k0.png", "multi\nline note"),
    ("comma, inside", "r/k1.png", "o/k1.png", "a,b,c"),
    ('quote "inside"', "r/k2.png", "o/k2.png", 'he said "hi"'),
    (" a ", "r/k3.png", "o/k3.png", "spaces kept"),
    ("a", "r/k4.png", "o/k4.png", "plain"),
    ("crlf\r\ninside", "r/k5.png", "o/k5.png", ""),
    ("", "r/k6.png", "o/k6.png", "no key"),
]
with open("rfc4180.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["key", "reconstruction", "original", "note"])
    w.writerows(rows)
