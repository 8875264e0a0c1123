const base = `https://example.com`;
BX24.callMethod('biconnector.connector.add', { fields: { title: 'T\u00e9', urlCheck: `${base}/check`, sort: 0x1A, settings: [{ code: 'a', name: "b", type: 'string' }], ...extra } }, cb);
await $b24.actions.v2.call.make({ method: 'biconnector.connector.update', params: { id: 4, fields: { supportMapping: 'yes' } } });
