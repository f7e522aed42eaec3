"""agent/offline"""
