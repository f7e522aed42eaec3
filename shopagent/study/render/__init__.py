"""What populations and studies did, shown: terminal tables, markdown, HTML reports and charts,
from the figures analysis/ computed."""
