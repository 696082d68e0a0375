/** The shell around every screen: the top bar and the navigation. */
import type { Entry } from './entry';

export const SHELL_MESSAGES = {
  'shell.product': { kk: 'Электрондық құжат айналымы', ru: 'Электронный документооборот' },
  'shell.signOut': { kk: 'Шығу', ru: 'Выйти' },
  'shell.substituting': { kk: 'Сіз осы әріптестердің орнын басасыз', ru: 'Вы замещаете этих коллег' },
  'shell.substitutingFor': { kk: 'Орнын басу:', ru: 'Замещаю:' },
  'nav.main': { kk: 'Негізгі мәзір', ru: 'Главное меню' },
  'nav.newDocument': { kk: 'Жаңа құжат', ru: 'Новый документ' },
  'nav.myDocuments': { kk: 'Менің құжаттарым', ru: 'Мои документы' },
  'nav.myTasks': { kk: 'Мені күтетіндер', ru: 'Ждут меня' },
  'nav.records': { kk: 'Іс жүргізу', ru: 'Делопроизводство' },
  'nav.management': { kk: 'Басқару', ru: 'Управление' },
  'nav.workspace': { kk: 'Жұмыс орны', ru: 'Рабочее место' },
  'nav.designer': { kk: 'Маршрут құрастырушы', ru: 'Конструктор маршрутов' },
  'nav.audit': { kk: 'Аудит', ru: 'Аудит' },
  'nav.admin': { kk: 'Әкімшілік', ru: 'Администрирование' },
  'nav.help': { kk: 'Анықтама', ru: 'Справка' },
  'nav.countsUnavailable': { kk: 'Сандар қолжетімсіз', ru: 'Счётчики недоступны' },
} as const satisfies Record<string, Entry>;
