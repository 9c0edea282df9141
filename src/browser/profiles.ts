/**
 * Device profiles for the browser benchmark: how much slower than this machine's cores each device class
 * runs JavaScript and WebAssembly. They are applied with the DevTools protocol's
 * `Emulation.setCPUThrottlingRate`, which slows the page's renderer by the factor (docs/edge.md says what
 * that does and does not simulate, and how the factors were chosen).
 */
import { UsageError } from '../errors.js';

export interface DeviceProfile {
  /** Identifier used in the benchmark's JSON and on its command line. */
  name: string;
  /** What it stands for. */
  description: string;
  /** CPU slowdown relative to the machine running the benchmark: 1 is unthrottled. */
  cpuSlowdown: number;
  /** Why this factor. */
  rationale: string;
}

export const DEVICE_PROFILES: readonly DeviceProfile[] = [
  {
    name: 'this-machine',
    description: 'no throttling: the benchmark machine itself',
    cpuSlowdown: 1,
    rationale: 'the reference every factor is relative to',
  },
  {
    name: 'mid-range-phone',
    description: 'a current mid-range Android phone (Cortex-A76/A78-class big cores)',
    cpuSlowdown: 3,
    rationale: 'such cores run single-threaded code about a third as fast as a current x86 server or desktop core',
  },
  {
    name: 'low-end-phone',
    description: 'a low-end Android phone (Cortex-A53/A55-class in-order cores)',
    cpuSlowdown: 6,
    rationale: "DevTools' long-standing low-end mobile preset; in-order A53/A55 cores at ~2 GHz are about a sixth of an x86 core",
  },
  {
    name: 'raspberry-pi-4',
    description: 'a Raspberry Pi 4-class board (4x Cortex-A72 at 1.5 GHz)',
    cpuSlowdown: 8,
    rationale: 'a 1.5 GHz A72 core has about half the clock and two thirds the work per clock of an x86 core, and a small shared cache',
  },
];

/** The profile called `name`; an unknown name lists the profiles. */
export function deviceProfile(name: string): DeviceProfile {
  const found = DEVICE_PROFILES.find((p) => p.name === name);
  if (!found) throw new UsageError(`unknown device profile '${name}'; profiles are: ${DEVICE_PROFILES.map((p) => p.name).join(', ')}`);
  return found;
}
