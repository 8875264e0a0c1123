<?php
$fields = ['title' => 'Склад', 'sort' => "0x1A", 'settings' => [['code' => 'token', 'name' => 'Token', 'type' => 'string']]];
CRest::call('biconnector.connector.update', ['id' => 4, 'fields' => $fields + ['logo' => $logo]]);
$b24->core->call("biconnector.source.add", array('fields' => array('connectorId' => 0, 'title' => <<<EOT
  Title {$x}
  EOT, 'settings' => [...$base, 'a' => 1.5e3])));
