; The hub's ports (7800 plain HTTP for displays, 7843 HTTPS) open on the building's private network, and closed again on uninstall.
!macro customInstall
  nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="Antre hub"'
  nsExec::ExecToLog 'netsh advfirewall firewall add rule name="Antre hub" dir=in action=allow protocol=TCP localport=7800,7843 profile=private,domain'
!macroend

!macro customUnInstall
  nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="Antre hub"'
!macroend
