"""perfeval: budget performance self-evaluation (预算绩效自评) from workbooks to charts and reports."""
