-- 0018: the industry vocabulary is edited like the outcomes (issue 15). An industry that
-- organisations use is retired, not deleted: they keep it and show its label, and the pickers
-- no longer offer it. `retired_at` is the day it was retired (NULL: offered).
ALTER TABLE industry ADD COLUMN retired_at TEXT;
