/**
 * The Pod Security Standard "restricted" (Kubernetes 1.35 definitions), plus this project's own rule of a
 * read-only root filesystem, checked on one pod spec. Returns every violation as a sentence; empty = compliant.
 */

// Pod specs are plain rendered YAML here; fields are read defensively.
type Spec = any;

const ALLOWED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];

export function restrictedViolations(spec: Spec): string[] {
  const problems: string[] = [];
  const pod = spec.securityContext ?? {};
  const containers: Spec[] = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];

  // Baseline.
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[field]) problems.push(`${field} is true`);
  for (const volume of spec.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (!type || !ALLOWED_VOLUME_TYPES.includes(type)) problems.push(`volume ${volume.name} has type ${type}`);
  }
  for (const sysctl of pod.sysctls ?? []) if (!SAFE_SYSCTLS.includes(sysctl.name)) problems.push(`unsafe sysctl ${sysctl.name}`);
  if (pod.seLinuxOptions?.user || pod.seLinuxOptions?.role) problems.push('pod sets seLinuxOptions user/role');
  if (pod.appArmorProfile && !['RuntimeDefault', 'Localhost'].includes(pod.appArmorProfile.type)) problems.push('pod appArmorProfile not allowed');

  // Restricted, pod level.
  if (pod.runAsUser === 0) problems.push('pod runAsUser is 0');
  const podSeccompOk = ['RuntimeDefault', 'Localhost'].includes(pod.seccompProfile?.type);

  for (const container of containers) {
    const name = `container ${container.name}`;
    const sc = container.securityContext ?? {};
    if (sc.privileged) problems.push(`${name} is privileged`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${name} does not set allowPrivilegeEscalation: false`);
    if (!(sc.runAsNonRoot === true || (sc.runAsNonRoot === undefined && pod.runAsNonRoot === true))) {
      problems.push(`${name} may run as root (runAsNonRoot not true)`);
    }
    if (sc.runAsUser === 0) problems.push(`${name} runAsUser is 0`);
    const seccomp = sc.seccompProfile?.type;
    if (seccomp ? !['RuntimeDefault', 'Localhost'].includes(seccomp) : !podSeccompOk) {
      problems.push(`${name} has no RuntimeDefault/Localhost seccomp profile`);
    }
    const drop: string[] = sc.capabilities?.drop ?? [];
    if (!drop.includes('ALL')) problems.push(`${name} does not drop ALL capabilities`);
    for (const added of sc.capabilities?.add ?? []) if (added !== 'NET_BIND_SERVICE') problems.push(`${name} adds capability ${added}`);
    if (sc.procMount && sc.procMount !== 'Default') problems.push(`${name} procMount ${sc.procMount}`);
    if (sc.seLinuxOptions?.user || sc.seLinuxOptions?.role) problems.push(`${name} sets seLinuxOptions user/role`);
    for (const port of container.ports ?? []) if (port.hostPort) problems.push(`${name} uses hostPort ${port.hostPort}`);
    // This project's rule on top of the profile.
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${name} has a writable root filesystem`);
  }
  return problems;
}
