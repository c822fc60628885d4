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
      <label>camera{' '}
        <select value={cameraId ?? ''} onChange={(e) => onCamera(e.target.value)} data-testid="camera-select">
          {cameras.length === 0 && <option value="">none found</option>}
          {cameras.map((d) => <option key={d.deviceId} value={d.deviceId}>{d.label}</option>)}
        </select>
      </label>
      <label>microphone{' '}
        <select value={microphoneId ?? ''} onChange={(e) => onMicrophone(e.target.value)} data-testid="microphone-select">
          {microphones.length === 0 && <option value="">none found</option>}
          {microphones.map((d) => <option key={d.deviceId} value={d.deviceId}>{d.label}</option>)}
        </select>
      </label>
    </div>
  );
}
