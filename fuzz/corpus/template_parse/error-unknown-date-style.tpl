{{ d | date("chinses") }}
