import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api/problem';
import { formatDateTime, formatRelative } from '../lib/time';
import { Button, Card, ConfirmDialog, Dialog, ErrorState, Icon, Skeleton, TextField, useToast } from '../ui';
import { devicesApi, devicesKey, useDevices, type CreatedDevice, type Device } from './api';

/**
 * The store's devices (tills, signage players, tablets) on the location page: register one and see its key once,
 * see when each last called, revoke one. Brand managers of the brand and admins only (the API says 403 to others).
 */
export function DevicesCard({ brandId, locationId, timeZone }: { brandId: string; locationId: string; timeZone?: string }) {
  const devices = useDevices(brandId, locationId);
  const queryClient = useQueryClient();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedDevice | null>(null);
  const [revoking, setRevoking] = useState<Device | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = () => queryClient.invalidateQueries({ queryKey: devicesKey(brandId, locationId) });

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    try {
      await devicesApi.revoke(brandId, locationId, revoking.id);
      toast.success('Device revoked', `${revoking.name} can no longer call the store API.`);
      setRevoking(null);
    } catch (e) {
      toast.error('Could not revoke the device', errorMessage(e));
    } finally {
      setBusy(false);
      refresh();
    }
  };

  return (
    <Card
      title="Devices"
      bodyClassName="p-0"
      actions={
        <Button size="sm" variant="secondary" onClick={() => setAdding(true)} icon={<Icon name="plus" className="size-4" />}>
          Add device
        </Button>
      }
    >
      {devices.isError ? (
        <ErrorState error={devices.error} onRetry={() => devices.refetch()} />
      ) : !devices.data ? (
        <div className="space-y-3 p-5">
          <Skeleton className="h-8 w-full" />
        </div>
      ) : devices.data.items.length === 0 ? (
        <p className="p-6 text-center text-sm text-slate-500">No devices yet. Add one for each till, screen or tablet that reads this store's campaigns.</p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Devices">
          {devices.data.items.map((d) => (
            <li key={d.id} className="flex items-center justify-between gap-3 px-5 py-3">
              <div className="min-w-0">
                <p className="truncate text-sm font-medium text-slate-900">{d.name}</p>
                <p className="text-xs text-slate-500" title={d.lastSeenAt ? formatDateTime(d.lastSeenAt, timeZone) : undefined}>
                  {d.lastSeenAt ? `Last seen ${formatRelative(d.lastSeenAt)}` : 'Never seen'}
                </p>
              </div>
              <Button size="sm" variant="ghost" onClick={() => setRevoking(d)} aria-label={`Revoke ${d.name}`}>
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
      <AddDeviceDialog
        open={adding}
        onClose={() => setAdding(false)}
        onCreated={(device) => {
          setAdding(false);
          setCreated(device);
          refresh();
        }}
        brandId={brandId}
        locationId={locationId}
      />
      <DeviceKeyDialog device={created} onClose={() => setCreated(null)} />
      <ConfirmDialog
        open={!!revoking}
        onClose={() => setRevoking(null)}
        onConfirm={revoke}
        loading={busy}
        variant="danger"
        title={`Revoke ${revoking?.name ?? 'device'}?`}
        description="Its key stops working at once. The device has to be set up again with a new key."
        confirmLabel="Revoke device"
      />
    </Card>
  );
}

function AddDeviceDialog({ open, onClose, onCreated, brandId, locationId }: {
  open: boolean;
  onClose: () => void;
  onCreated: (device: CreatedDevice) => void;
  brandId: string;
  locationId: string;
}) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError('Enter a name, such as "Front till"');
      return;
    }
    setBusy(true);
    try {
      const device = await devicesApi.create(brandId, locationId, name.trim());
      setName('');
      setError(undefined);
      onCreated(device);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Add device"
      description="A till, signage player or store tablet that reads this store's live campaigns."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="add-device" loading={busy}>
            Add device
          </Button>
        </>
      }
    >
      <form id="add-device" onSubmit={submit} noValidate>
        <TextField label="Name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} error={error} />
      </form>
    </Dialog>
  );
}

/** The key exists only in this answer: it is shown once, with a copy button, and never again. */
function DeviceKeyDialog({ device, onClose }: { device: CreatedDevice | null; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (!device) return;
    try {
      await navigator.clipboard.writeText(device.key);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Dialog
      open={!!device}
      onClose={() => {
        setCopied(false);
        onClose();
      }}
      dismissible={false}
      title={`Key for ${device?.name ?? 'device'}`}
      description="Copy it into the device now: it is shown only this once. If it is lost, revoke the device and add it again."
      footer={
        <Button
          onClick={() => {
            setCopied(false);
            onClose();
          }}
        >
          Done
        </Button>
      }
    >
      <div className="space-y-3">
        <code className="block rounded-lg bg-slate-100 p-3 font-mono text-xs break-all text-slate-900" aria-label="Device key">
          {device?.key}
        </code>
        <Button variant="secondary" size="sm" onClick={copy} icon={<Icon name={copied ? 'check' : 'document'} className="size-4" />}>
          {copied ? 'Copied' : 'Copy key'}
        </Button>
        <p className="text-xs text-slate-500">
          The device sends it as <code>Authorization: Device &lt;key&gt;</code> to <code>/api/v1/store/feed</code>.
        </p>
      </div>
    </Dialog>
  );
}
