gbt9704: {{ d | date }} / {{ d | date("gbt9704") }}
chinese: {{ d | date("chinese") }}
compact: {{ d | date("compact") }}
iso: {{ d | date("iso") }}
从中文日期: {{ cn | date("iso") }}
只有年月: {{ month | date }} {{ month | date("chinese") }}
