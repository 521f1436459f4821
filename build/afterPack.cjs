// Electron fuses, flipped in the packed binary (Electron's security checklist): no running as plain
// Node, no NODE_OPTIONS or --inspect, the app loaded only from its integrity-checked asar.
const { join } = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

exports.default = async function afterPack(context) {
  const name = context.packager.executableName ?? context.packager.appInfo.productFilename;
  const exe = {
    win32: join(context.appOutDir, `${context.packager.appInfo.productFilename}.exe`),
    darwin: join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`),
    linux: join(context.appOutDir, name),
  }[context.electronPlatformName];
  await flipFuses(exe, {
    version: FuseVersion.V1,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  });
};
