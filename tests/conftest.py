import os
import sys
from pathlib import Path

# Before overleg is imported: every text looked up in a test must exist in its catalog.
os.environ["OVERLEG_STRICT_I18N"] = "1"
sys.path.insert(0, str(Path(__file__).parent))
