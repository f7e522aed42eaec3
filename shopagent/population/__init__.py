"""Running many shoppers: a population in this process (local.py) or as Ray tasks (on_ray.py),
each session logged as it happens and a killed run resumed where it stopped."""
