"""Points (积分) per unit over a date range, and the pay (稿费) they earn."""

__all__: list[str] = []
