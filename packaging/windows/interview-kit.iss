; Inno Setup script for interview-kit on Windows (Inno Setup 6). Not built on the Linux machine this was
; written on; .github/workflows/bundle.yml builds it on a Windows runner:
;
;   pyinstaller --noconfirm packaging\interview-kit.spec          -> dist\interview-kit\ (two .exe, one folder)
;   iscc /DAppVersion=0.1.0 packaging\windows\interview-kit.iss    -> dist\interview-kit-0.1.0-setup.exe
;
; A per-user install: no administrator rights, into %LOCALAPPDATA%\Programs\interview-kit, with a Start-menu
; entry, the .ikit (packet) and .ikdb (workspace) file associations under HKCU, and an uninstaller in
; Settings > Apps. The user's workspace and logs (%LOCALAPPDATA%\interview-kit) are left in place on uninstall.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "interview-kit"
#define AppExe "InterviewKit.exe"
#define SourceDir "..\..\dist\interview-kit"

[Setup]
AppId={{6F1C2B4E-8D3A-4C57-9E21-5B7A0D4F3C19}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=The interview-kit authors
AppVerName={#AppName} {#AppVersion}
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=interview-kit-{#AppVersion}-setup
SetupIconFile=interview-kit.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
LicenseFile=..\..\LICENSE
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "org.interviewkit.InterviewKit"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Registry]
; File types, for this user only (HKCU\Software\Classes): double-clicking a packet imports it into the running
; app (or starts it); a workspace opens in it.
Root: HKCU; Subkey: "Software\Classes\.ikit"; ValueType: string; ValueName: ""; ValueData: "InterviewKit.Packet"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.ikit"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-interview-kit-packet"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\InterviewKit.Packet"; ValueType: string; ValueName: ""; ValueData: "interview-kit packet"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\InterviewKit.Packet\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\InterviewKit.Packet\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKCU; Subkey: "Software\Classes\.ikdb"; ValueType: string; ValueName: ""; ValueData: "InterviewKit.Workspace"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\InterviewKit.Workspace"; ValueType: string; ValueName: ""; ValueData: "interview-kit workspace"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\InterviewKit.Workspace\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\InterviewKit.Workspace\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
; The console executable for scripts (interview-kit report ... --json) on the user's PATH.
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Path: string;
begin
  if not RegQueryStringValue(HKCU, 'Environment', 'Path', Path) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;
