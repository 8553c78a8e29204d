-- 0014: the everyday GUI (issue 15). An outcome that logged activities use is retired, not
-- deleted: its label stays what the activities and their exports show, and it is no longer
-- offered when logging. `retired_at` is the day it was retired (NULL: in use).
ALTER TABLE outcome ADD COLUMN retired_at TEXT;
