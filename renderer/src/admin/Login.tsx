/** The admin's login: a supervisor's or admin's username and PIN (officers are turned away). */
import { useState, type FormEvent } from 'react';
import { toggleLanguage, useAdminT } from './i18n.js';
import { useAdmin } from './store.js';

export function Login() {
  const { t, lang } = useAdminT();
  const error = useAdmin((s) => s.loginError);
  const login = useAdmin((s) => s.login);
  const [username, setUsername] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    await login(username, pin);
    setBusy(false);
  };
  return (
    <form className="login" onSubmit={(e) => void submit(e)}>
      <button type="button" className="link lang" onClick={toggleLanguage}>
        {t('language')}
      </button>
      <h1>{t('login.heading')}</h1>
      <label>
        {t('login.username')}
        <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
      </label>
      <label>
        {t('login.pin')}
        <input name="pin" type="password" inputMode="numeric" autoComplete="current-password" value={pin} onChange={(e) => setPin(e.target.value)} />
      </label>
      {error && <p className="error">{error[lang]}</p>}
      <button className="primary" type="submit" disabled={busy}>
        {t('login.submit')}
      </button>
    </form>
  );
}
