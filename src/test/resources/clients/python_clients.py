"""Reads a running Tierra the way researchers' Python does (owslib, geopandas) and prints what each
client saw as one JSON object, for PythonClientTest to compare with the database.

Usage: python3 python_clients.py <landing page URL> <parcel id> <download URL>
"""
import json
import sys
import urllib.request

import geopandas
from owslib.ogcapi.features import Features

landing, parcel_id, download = sys.argv[1], sys.argv[2], sys.argv[3]
seen = {}

api = Features(landing)
seen["owslibCollections"] = sorted(c["id"] for c in api.collections()["collections"])
seen["owslibName"] = api.collection_item("parcels", parcel_id)["properties"]["name"]
codes = []
page = api.collection_items("parcels", limit=7)
codes += [f["properties"]["code"] for f in page["features"]]
while True:
    following = [link["href"] for link in page["links"] if link["rel"] == "next"]
    if not following:
        break
    # owslib does not page: its users follow the next links themselves
    with urllib.request.urlopen(following[0]) as response:
        page = json.loads(response.read())
    codes += [f["properties"]["code"] for f in page["features"]]
seen["owslibPagedCodes"] = codes
filtered = api.collection_items("parcels", limit=1000, landUse="agricultural")
seen["owslibAgricultural"] = sorted(f["id"] for f in filtered["features"])

frame = geopandas.read_file(landing.rstrip("/") + "/collections/parcels/items/" + parcel_id)
seen["geopandasName"] = frame.iloc[0]["name"]
downloaded = geopandas.read_file(download)
seen["geopandasDownloadRows"] = len(downloaded)
seen["geopandasDownloadCrs"] = downloaded.crs.to_string()

print(json.dumps(seen, ensure_ascii=False))
