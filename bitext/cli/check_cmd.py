"""(commands added by their owners)"""
