"""Peak heap from a JVM GC log (-Xlog:gc): prints the largest heap in use before a collection and the
largest live heap after one, in bytes, from lines such as "Pause Young (Normal) ... 512M->300M(2048M)".
Used by memory.sh and million.sh."""
import re
import sys

UNITS = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
before = after = 0
with open(sys.argv[1]) as log:
    for line in log:
        m = re.search(r"(\d+)([KMG])->(\d+)([KMG])\(\d+[KMG]\)", line)
        if m:
            before = max(before, int(m.group(1)) * UNITS[m.group(2)])
            after = max(after, int(m.group(3)) * UNITS[m.group(4)])
print(before, after)
