-- The officer's corrections to the grouping of similar opinions (issue 15, item 5): one row
-- per pair of opinions of a round the officer put together (a merge of two groups) or apart
-- (an opinion split out of its group). The next grouping of that round takes them as
-- must-link and cannot-link constraints. The later decision on a pair replaces the earlier
-- one; each is also an event of the province's chain (0014) in the same transaction.

CREATE TABLE opinion_group_links (
    round_id   BIGINT NOT NULL REFERENCES consultation_rounds(id),
    -- The pair, the smaller id first.
    opinion_a  BIGINT NOT NULL REFERENCES consultation_opinions(id),
    opinion_b  BIGINT NOT NULL REFERENCES consultation_opinions(id),
    kind       TEXT NOT NULL CHECK (kind IN ('together', 'apart')),
    made_by    TEXT NOT NULL,
    made_at    TEXT NOT NULL,
    PRIMARY KEY (round_id, opinion_a, opinion_b),
    CHECK (opinion_a < opinion_b)
);
