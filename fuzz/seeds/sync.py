FIELDS = {"title": "T", "sort": "0x1A", "settings": [{"code": "a", "name": "b", "type": "string"}], **EXTRA}
client.biconnector.connector.update(bitrix_id=4, fields=FIELDS).call()
token.call_method(api_method="biconnector.table.add", params={"fields": {"sourceId": 0, "name": f"t{x}"}})
