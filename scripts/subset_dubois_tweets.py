"""Make data/raw/dubois_challenge_2021/tweet_counts.csv from TidyTuesday's tweets.csv.

The published file (2021-06-15, #DuBoisChallenge tweets) holds each tweet's text, author and
place. The book needs only each tweet's time, its counts and its author's followers, so this
keeps those five columns and nothing that identifies a person. It also leaves out the file's
last line, which is NA in every column but lat and long (a row with no tweet).

    python scripts/subset_dubois_tweets.py path/to/tweets.csv

The input must be the published file, byte for byte (its SHA-256 is checked).
"""

import csv
import hashlib
import sys
from pathlib import Path

PUBLISHED_SHA256 = "c955fda311e884e28357dc671d873e9e79f2c253971657f33a6d8a24bd6b5726"
KEPT = ["datetime", "retweet_count", "like_count", "quote_count", "followers"]
OUTPUT = (Path(__file__).resolve().parent.parent / "data" / "raw" / "dubois_challenge_2021"
          / "tweet_counts.csv")


def kept_rows(published: Path) -> list[dict[str, str]]:
    """The kept columns of every row that is a tweet (one with a time)."""
    with published.open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    return [{column: row[column] for column in KEPT} for row in rows if row["datetime"] != "NA"]


def main(published: Path) -> int:
    digest = hashlib.sha256(published.read_bytes()).hexdigest()
    if digest != PUBLISHED_SHA256:
        print(f"{published}: SHA-256 {digest}, not the published file's {PUBLISHED_SHA256}",
              file=sys.stderr)
        return 1
    rows = kept_rows(published)
    with OUTPUT.open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=KEPT, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} tweets to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
