"""Many articles at once: a process pool on one machine, and the Apache Spark job."""
