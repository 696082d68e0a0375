/** Words every screen uses, and the network and access problems. */
import type { Entry } from './entry';

export const COMMON_MESSAGES = {
  'common.loading': { kk: 'Жүктелуде…', ru: 'Загрузка…' },
  'common.wait': { kk: 'Күте тұрыңыз…', ru: 'Подождите…' },
  'common.refresh': { kk: 'Жаңарту', ru: 'Обновить' },
  'common.cancel': { kk: 'Болдырмау', ru: 'Отмена' },
  'common.close': { kk: 'Жабу', ru: 'Закрыть' },
  'common.choose': { kk: '— таңдаңыз —', ru: '— выберите —' },
  'common.add': { kk: '+ қосу…', ru: '+ добавить…' },
  'common.remove': { kk: 'Жою', ru: 'Удалить' },
  'common.nobody': { kk: 'Әзірге ешкім жоқ', ru: 'Пока никого' },
  'common.apply': { kk: 'Қолдану', ru: 'Применить' },
  'common.create': { kk: 'Құру', ru: 'Создать' },
  'common.save': { kk: 'Сақтау', ru: 'Сохранить' },
  'common.yes': { kk: 'Иә', ru: 'Да' },
  'common.no': { kk: 'Жоқ', ru: 'Нет' },
  'common.notFound': { kk: 'Мұндай бет жоқ.', ru: 'Такой страницы нет.' },
  'common.unavailable': {
    kk: 'Бұл мүмкіндік осы серверде әлі жоқ. Қалғанының бәрі жұмыс істейді.',
    ru: 'Этой возможности на сервере пока нет. Всё остальное работает.',
  },
  'common.unknownPerson': { kk: 'Қызметкер (анықтамалықта жоқ)', ru: 'Сотрудник (нет в справочнике)' },
  'date.placeholder': { kk: 'кк.аа.жжжж', ru: 'дд.мм.гггг' },
  'problem.network': { kk: 'Сервермен байланыс жоқ', ru: 'Нет связи с сервером' },
  'problem.forbidden': { kk: 'Рұқсат жоқ', ru: 'Нет доступа' },
} as const satisfies Record<string, Entry>;
