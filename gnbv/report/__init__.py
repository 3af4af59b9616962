"""Documents built on the server: the meeting pack, the plan appendix workbook, and the Chromium that draws them."""
