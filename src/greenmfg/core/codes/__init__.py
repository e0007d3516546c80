"""Identification codes: unified social credit codes (GB 32100-2015), administrative
divisions (GB/T 2260) with the NBS economic regions, and industries (GB/T 4754-2017)."""
