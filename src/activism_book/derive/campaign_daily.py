"""A real campaign's daily series, in the format of the monitoring toolkit
(:mod:`activism_book.monitoring`): TidyTuesday's #DuBoisChallenge tweets of 2021, one row a day.

A day's posts are its tweets, its reach the summed followers of their authors, its engagements
their retweets, likes and quotes. Every day from the first tweet to the last is a row: a day
with no tweet in the collection has 0 of each, a count, not an estimate.
"""

import pandas as pd

from book_engine.data.derivations import Inputs
from book_engine.data.validation import check_table

TWEETS = "raw/dubois_challenge_2021/tweet_counts.csv"
CAMPAIGN, PLATFORM = "#DuBoisChallenge", "Twitter"
ENGAGEMENTS = ["retweet_count", "like_count", "quote_count"]


def dubois_challenge_daily(inputs: Inputs) -> pd.DataFrame:
    """Posts, reach and engagements of #DuBoisChallenge on Twitter, each UTC day."""
    check_table(inputs / TWEETS, inputs.schema("dubois_challenge_tweets"), f"data/{TWEETS}")
    tweets = pd.read_csv(inputs / TWEETS, encoding="utf-8")
    days = pd.to_datetime(tweets["datetime"], format="%Y-%m-%dT%H:%M:%SZ").dt.normalize()
    per_tweet = pd.DataFrame({"date": days, "posts": 1, "reach": tweets["followers"],
                              "engagements": tweets[ENGAGEMENTS].sum(axis=1)})
    daily = per_tweet.groupby("date").sum()
    daily = daily.reindex(pd.date_range(daily.index.min(), daily.index.max(), freq="D"),
                          fill_value=0)
    return pd.DataFrame({"campaign": CAMPAIGN, "platform": PLATFORM,
                         "date": daily.index.strftime("%Y-%m-%d"), **daily}, index=None)
