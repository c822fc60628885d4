import type { MediaDeviceSummary } from '../../io/camera';

export interface DevicePickersProps {
  cameras: MediaDeviceSummary[];
  microphones: MediaDeviceSummary[];
  cameraId?: string;
  microphoneId?: string;
  onCamera: (id: string) => void;
  onMicrophone: (id: string) => void;
}

export function DevicePickers({ cameras, microphones, cameraId, microphoneId, onCamera, onMicrophone }: DevicePickersProps) {
  return (
    <div className="pickers">
      <DeviceSelect kind="camera" devices={cameras} deviceId={cameraId} onSelect={onCamera} />
      <DeviceSelect kind="microphone" devices={microphones} deviceId={microphoneId} onSelect={onMicrophone} />
    </div>
  );
}

/** One labelled device list (test id `${kind}-select`); "none found" when it is empty. */
function DeviceSelect({ kind, devices, deviceId, onSelect }: { kind: 'camera' | 'microphone'; devices: MediaDeviceSummary[]; deviceId?: string; onSelect: (id: string) => void }) {
  return (
    <label>{kind}{' '}
      <select value={deviceId ?? ''} onChange={(e) => onSelect(e.target.value)} data-testid={`${kind}-select`}>
        {devices.length === 0 && <option value="">none found</option>}
        {devices.map((d) => <option key={d.deviceId} value={d.deviceId}>{d.label}</option>)}
      </select>
    </label>
  );
}
