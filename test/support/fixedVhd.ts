import { randomBytes } from "node:crypto";

/**
 * A fixed-size VHD of `data` (padded to whole MiB): the data followed by the 512-byte footer of the
 * VHD specification (cookie `conectix`, disk type 2 for fixed, CHS geometry, checksum), as
 * `qemu-img convert -O vpc -o subformat=fixed,force_size` writes it.
 */
export function fixedVhd(data: Buffer): Buffer {
  const size = Math.max(1, Math.ceil(data.length / 2 ** 20)) * 2 ** 20;
  const vhd = Buffer.alloc(size + 512);
  data.copy(vhd);
  const footer = vhd.subarray(size);
  footer.write("conectix", 0, "ascii");
  footer.writeUInt32BE(2, 8); // features: reserved bit
  footer.writeUInt32BE(0x00010000, 12); // format version 1.0
  footer.writeBigUInt64BE(0xffffffffffffffffn, 16); // data offset: none, fixed disk
  footer.writeUInt32BE(Math.floor((Date.now() - Date.UTC(2000, 0, 1)) / 1000), 24);
  footer.write("azds", 28, "ascii"); // creator application
  footer.writeUInt32BE(0x00010000, 32); // creator version
  footer.write("Wi2k", 36, "ascii"); // creator host OS
  footer.writeBigUInt64BE(BigInt(size), 40); // original size
  footer.writeBigUInt64BE(BigInt(size), 48); // current size
  const { cylinders, heads, sectorsPerTrack } = geometry(size / 512);
  footer.writeUInt16BE(cylinders, 56);
  footer.writeUInt8(heads, 58);
  footer.writeUInt8(sectorsPerTrack, 59);
  footer.writeUInt32BE(2, 60); // disk type: fixed
  randomBytes(16).copy(footer, 68); // unique id
  let sum = 0;
  for (const byte of footer) {
    sum += byte;
  }
  footer.writeUInt32BE(~sum >>> 0, 64);
  return vhd;
}

/** The CHS geometry of a disk of `totalSectors`, by the VHD specification's algorithm. */
function geometry(totalSectors: number) {
  let sectorsPerTrack: number;
  let heads: number;
  let cylinderTimesHeads: number;
  const sectors = Math.min(totalSectors, 65535 * 16 * 255);
  if (sectors >= 65535 * 16 * 63) {
    sectorsPerTrack = 255;
    heads = 16;
    cylinderTimesHeads = Math.floor(sectors / sectorsPerTrack);
  } else {
    sectorsPerTrack = 17;
    cylinderTimesHeads = Math.floor(sectors / sectorsPerTrack);
    heads = Math.max(4, Math.floor((cylinderTimesHeads + 1023) / 1024));
    if (cylinderTimesHeads >= heads * 1024 || heads > 16) {
      sectorsPerTrack = 31;
      heads = 16;
      cylinderTimesHeads = Math.floor(sectors / sectorsPerTrack);
    }
    if (cylinderTimesHeads >= heads * 1024) {
      sectorsPerTrack = 63;
      heads = 16;
      cylinderTimesHeads = Math.floor(sectors / sectorsPerTrack);
    }
  }
  return { cylinders: Math.floor(cylinderTimesHeads / heads), heads, sectorsPerTrack };
}
